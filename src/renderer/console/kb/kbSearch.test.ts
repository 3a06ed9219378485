import { describe, expect, it } from 'vitest';
import { ArticleIndex, type SearchableArticle } from './kbSearch';

const article = (id: string, title: string, body: string, extra: Partial<SearchableArticle> = {}): SearchableArticle => ({ id, title, body, category: null, tags: [], ...extra });

const ARTICLES = [
  article('vpn', 'Reset your VPN token', 'When the VPN client says the token expired, open the portal and request a new token.', { category: 'Network', tags: ['vpn'] }),
  article('printer', 'Clear a printer jam', 'Open tray 2, remove the paper, close the tray. The printer resumes.', { category: 'Hardware' }),
  article('password', 'Change your password', 'Passwords expire every 90 days. Change yours from the account page.', { tags: ['account'] }),
  article('wifi', 'Join the guest wifi', 'Guests use the network named Visitors; the password is at reception.', { category: 'Network' }),
];

describe('ArticleIndex.search', () => {
  const index = new ArticleIndex(ARTICLES);
  it.each([
    ['vpn', ['vpn']],
    ['printer jam', ['printer']],
    ['print', ['printer']], // the last word typed is a prefix
    ['network', ['wifi', 'vpn']], // category matches; the title-less match ranks by body
    ['account', ['password']], // tags
    ['', []],
    ['the', []], // only stop words
    ['printer vpn', []], // every word must match
  ])('%j finds %j', (query, expected) => {
    const found = index.search(query).map((h) => h.id);
    expect(found.sort()).toEqual([...expected].sort());
  });
  it('ranks a title match above a body match', () => {
    const index2 = new ArticleIndex([article('body', 'Other thing', 'mentions token once'), article('title', 'Token reset', 'nothing else')]);
    expect(index2.search('token').map((h) => h.id)).toEqual(['title', 'body']);
  });
});

describe('ArticleIndex.suggest', () => {
  const index = new ArticleIndex(ARTICLES);
  it.each([
    ['VPN token expired', 'My VPN says the token has expired since this morning', ['vpn']],
    ['Paper jam', 'The printer on floor 2 has a jam in tray 2', ['printer']],
    ['Forgot password', 'I need to change my password, it expired', ['password']],
    ['Coffee machine', 'The coffee machine is empty', []],
    ['Hi', 'thanks', []],
  ])('%j suggests %j', (subject, description, expected) => {
    expect(index.suggest(`${subject} ${description}`).map((h) => h.id).slice(0, expected.length || 1)).toEqual(expected);
  });
  it('tolerates a misspelling', () => {
    expect(index.suggest('printr jamm in the tray').map((h) => h.id)[0]).toBe('printer');
  });
});
