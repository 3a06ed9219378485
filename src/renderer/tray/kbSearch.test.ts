import { describe, expect, it } from 'vitest';
import { searchWordsOf } from './kbSearch';

describe('searchWordsOf', () => {
  it.each([
    ['VPN disconnects every hour since Monday', ['vpn', 'disconnects', 'hour', 'monday']],
    ['Outlook keeps asking for my password', ['outlook', 'asking', 'password']],
    ['  Wi-Fi drops... Wi-Fi again!  ', ['wi-fi', 'drops']],
    ['My PC is slow', ['slow']],
    ['Can’t print to printer-2.', ['print', 'printer-2']],
    ['', []],
    ['a an to of', []],
    ['Écran noir après la mise à jour', ['écran', 'noir', 'après', 'mise']],
  ])('%j → %j', (text, words) => expect(searchWordsOf(text)).toEqual(words));
});
