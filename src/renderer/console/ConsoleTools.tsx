import { useEffect, useMemo, useState } from 'react';
import type { TandemClient } from '../../shared/api/client';
import type { User } from '../../shared/domain/user';
import { navigate } from '../common/router';
import { strings } from '../common/strings';
import { CommandPalette } from './CommandPalette';
import { useAllCommands, useCommands, type Command } from './commands';
import { HelpSheet } from './HelpSheet';
import { SECTIONS } from './sections';
import { applyTheme, storedTheme, toggleTheme } from './theme';
import { useShortcuts } from './useShortcuts';

/**
 * The console-wide keyboard layer: Ctrl/Cmd+K opens the command palette with every command the
 * frame and the current page offer; `?` opens the help sheet. Also applies the stored theme.
 */
export function ConsoleTools({ client, user }: { client: TandemClient; user: User }) {
  const [open, setOpen] = useState<'palette' | 'help' | null>(null);
  const p = strings.tools.palette;
  useEffect(() => {
    const choice = storedTheme();
    if (choice !== 'system') applyTheme(choice);
  }, []);
  useShortcuts({
    palette: () => setOpen((o) => (o === 'palette' ? null : 'palette')),
    help: () => setOpen('help'),
  });
  const global = useMemo<Command[]>(
    () => [
      ...SECTIONS.filter((s) => s.visibleTo(user.role)).map((s) => ({ id: `nav:${s.path}`, group: 'navigation' as const, label: p.goTo(s.label), run: () => navigate(s.path) })),
      { id: 'nav:/account', group: 'navigation', label: p.goTo(strings.frame.account), run: () => navigate('/account') },
      { id: 'app.theme', group: 'app', label: p.theme, run: toggleTheme },
      { id: 'app.help', group: 'app', label: p.help, keys: ['?'], run: () => setOpen('help') },
      { id: 'app.sign-out', group: 'app', label: p.signOut, run: () => void client.signOut() },
    ],
    [user.role, client, p],
  );
  useCommands(global);
  const commands = useAllCommands();
  if (open === 'palette') return <CommandPalette commands={commands} onClose={() => setOpen(null)} />;
  if (open === 'help') return <HelpSheet onClose={() => setOpen(null)} />;
  return null;
}
