/**
 * The team of this vault (contacts, notification and escalation lists),
 * kept as one sealed document (./files). A vault that never saved one shows
 * the default lists the built-in playbooks name, empty.
 */
import { ApiFailure } from '../../../shared/api/errors';
import { checkTeam, defaultTeam, teamSchema, type Team } from '../../../shared/playbooks/team';
import { readJson, teamFile, writeJson, type Storage } from './files';

export async function readTeam(storage: Storage): Promise<Team> {
  return (await readJson(storage, teamFile(storage), teamSchema)) ?? defaultTeam();
}

export async function writeTeam(storage: Storage, team: Team): Promise<Team> {
  const issues = checkTeam(team);
  if (issues.length > 0) throw new ApiFailure('bad_request', `The team cannot be saved: ${issues.map((i) => i.message).join('; ')}`, issues);
  await writeJson(storage, teamFile(storage), team);
  return team;
}
