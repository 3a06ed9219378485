import { describe, expect, it } from 'vitest';
import { FlagError, parseAgentFlags } from './flags';

const TOKEN = `tdm_enroll_${'Ab_-'.repeat(10)}xyz`;

describe('agent command line', () => {
  it.each([
    [[], { logLevel: 'info', help: false }],
    [['--server', 'https://help.example.org/'], { server: 'https://help.example.org', logLevel: 'info', help: false }],
    [['--server', 'http://127.0.0.1:8080', '--enroll', TOKEN, '--config', '/etc/tandem/agent.json', '--name', ' kiosk ', '--log-level', 'debug'], { server: 'http://127.0.0.1:8080', enroll: TOKEN, config: '/etc/tandem/agent.json', name: 'kiosk', logLevel: 'debug', help: false }],
    [['--help'], { logLevel: 'info', help: true }],
    [['--downloads', '/srv/inbox', '--max-file-mb', '20'], { downloads: '/srv/inbox', maxFileMb: 20, logLevel: 'info', help: false }],
  ])('reads %j', (argv, expected) => {
    expect(parseAgentFlags(argv)).toEqual(expected);
  });

  it.each([
    [['--server'], /argument missing/],
    [['--server', 'help.example.org'], /--server must be an http:\/\/ or https:\/\/ URL/],
    [['--server', 'file:///etc/passwd'], /--server must be an http/],
    [['--enroll', 'abc'], /--enroll: This is not an enrollment token/],
    [['--name', '   '], /--name cannot be empty/],
    [['--log-level', 'chatty'], /--log-level must be one of/],
    [['--unknown'], /Unknown option '--unknown'/],
    [['--max-file-mb', 'lots'], /--max-file-mb must be a number/],
    [['--max-file-mb', '0'], /--max-file-mb must be at least 1/],
    [['positional'], /positional/],
  ])('refuses %j with a sentence', (argv, message) => {
    expect(() => parseAgentFlags(argv)).toThrow(FlagError);
    expect(() => parseAgentFlags(argv)).toThrow(message);
  });
});
