import { categoryIds, categoryLabel, priorities } from '../../../shared/domain/taxonomy';
import { requiredOption, stringOption, type Command } from '../command';

export const caseCommands: Command[] = [
  {
    name: 'case create',
    usage: 'outpost case create --title T --category C [--priority P] [--site S] [--json]',
    summary: `Open a case. Categories: ${categoryIds.join(', ')}. Priorities: ${priorities.join(', ')} (default medium)`,
    options: { title: { type: 'string' }, category: { type: 'string' }, priority: { type: 'string' }, site: { type: 'string' } },
    run: async (cli, args) => {
      await cli.unlock();
      const created = await cli.call('case.create', {
        title: requiredOption(args, 'title'),
        category: requiredOption(args, 'category') as (typeof categoryIds)[number],
        priority: (stringOption(args, 'priority') ?? 'medium') as (typeof priorities)[number],
        site: stringOption(args, 'site') ?? '',
      });
      cli.out(cli.json ? JSON.stringify(created) : created.id);
    },
  },
  {
    name: 'case list',
    usage: 'outpost case list [--json]',
    summary: 'List the cases, most recently updated first',
    run: async (cli) => {
      await cli.unlock();
      const cases = await cli.call('case.list', {});
      if (cli.json) return cli.out(JSON.stringify(cases));
      if (cases.length === 0) return cli.out('No cases.');
      for (const c of cases) cli.out(`${c.id}  ${c.priority.padEnd(8)} ${c.status.padEnd(10)} ${c.title}`);
    },
  },
  {
    name: 'case show',
    usage: 'outpost case show ID [--json]',
    summary: 'Show one case',
    positionals: [1, 1],
    run: async (cli, args) => {
      await cli.unlock();
      const state = await cli.call('case.get', { id: args.positionals[0] ?? '' });
      if (cli.json) return cli.out(JSON.stringify(state));
      const rows: Array<[string, string]> = [
        ['Title', state.title],
        ['Id', state.id],
        ['Status', state.status],
        ['Priority', state.priority],
        ['Category', categoryLabel(state.category)],
        ['Site', state.site],
        ['Constituency', state.constituency],
        ['Reporter', state.reporter],
        ['Assignees', state.assignees.join(', ')],
        ['Opened', `${state.openedAt} by ${state.openedBy}`],
        ['Updated', state.updatedAt],
        ['Events', String(state.eventCount)],
      ];
      for (const [label, value] of rows) if (value) cli.out(`${label.padEnd(13)} ${value}`);
      if (state.summary) cli.out(`\n${state.summary}`);
      if (state.conflicts.length > 0) cli.out(`\n${state.conflicts.length} conflicting change(s) to review in the app.`);
      for (const entry of state.timeline) cli.out(`\n${entry.at}  ${entry.retracted ? '[retracted] ' : ''}${entry.text}`);
      for (const note of state.notes) cli.out(`\nNote by ${note.author}, ${note.addedAt}${note.retracted ? ' [retracted]' : ''}:\n${note.text}`);
    },
  },
];
