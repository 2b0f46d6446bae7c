import { categoryIds, priorities } from '../../../shared/domain/taxonomy';
import { requiredOption, stringOption, type Command } from '../command';

export const caseCommands: Command[] = [
  {
    name: 'case create',
    usage: 'outpost case create --title T --category C --site S [--priority P] [--json]',
    summary: `Open a case. Categories: ${categoryIds.join(', ')}. Priorities: ${priorities.join(', ')} (default medium)`,
    options: { title: { type: 'string' }, category: { type: 'string' }, priority: { type: 'string' }, site: { type: 'string' } },
    run: async (cli, args) => {
      await cli.unlock();
      const created = await cli.call('case.create', {
        title: requiredOption(args, 'title'),
        category: requiredOption(args, 'category') as (typeof categoryIds)[number],
        priority: (stringOption(args, 'priority') ?? 'medium') as (typeof priorities)[number],
        site: requiredOption(args, 'site'),
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
      const detail = await cli.call('case.get', { id: args.positionals[0] ?? '' });
      if (cli.json) return cli.out(JSON.stringify(detail));
      for (const [key, value] of Object.entries(detail)) cli.out(`${key.padEnd(12)} ${Array.isArray(value) ? value.join(', ') : String(value)}`);
    },
  },
];
