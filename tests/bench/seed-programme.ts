/**
 * Fills a PostgreSQL database with a programme a year into use (programme-seed.ts), for a
 * staging load test or a look at the programme view at size:
 *
 *   npm run seed:programme -- --database-url postgres://… --issuer https://lms.example.org \
 *     --client-id abc --deployment-id 1 [--scale 0.01]
 *
 * The rows belong to the institution a launch from that issuer, client id and deployment gets;
 * register that platform with the tool so its people can launch into the seeded courses
 * (`bench-course-00000`…, users `teacher-00000`…, `coach-0000`…). The tool's migrations are run
 * first. Refuses a database that already holds courses for that institution.
 */
import { parseArgs } from 'node:util';
import { Sequelize } from 'sequelize';
import { tenantKeyOf } from '../../lti-tool/core/link-keys.ts';
import { migrate } from '../../lti-tool/db/migrations/index.ts';
import { databaseOptions } from '../../lti-tool/db/sequelize.ts';
import { SCALE_PROGRAMME, scaledProgramme, seedProgramme } from './programme-seed.ts';
import { round } from './stats.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    'deployment-id': { type: 'string' },
    scale: { type: 'string', default: '1' },
  },
});
const databaseUrl = values['database-url'];
const issuer = values.issuer;
const clientId = values['client-id'];
const deploymentId = values['deployment-id'];
const scale = Number(values.scale);
if (
  !databaseUrl?.startsWith('postgres') ||
  !issuer ||
  !clientId ||
  !deploymentId ||
  !(scale > 0 && scale <= 1)
) {
  console.error(
    'usage: npm run seed:programme -- --database-url postgres://… --issuer <url> --client-id <id> --deployment-id <id> [--scale 0.01]',
  );
  process.exit(2);
}

const { database, options } = databaseOptions({ dataDir: '', databaseUrl });
const sequelize = new Sequelize({ ...options, database, logging: false });
try {
  await migrate(sequelize);
  const tenant = tenantKeyOf({ tenant: { issuer, clientId, deploymentId } });
  const [[existing]] = (await sequelize.query(
    `SELECT count(*) AS n FROM "coaching_contexts" WHERE "tenant" = :tenant AND "lmsContextId" LIKE 'bench-course-%'`,
    { replacements: { tenant } },
  )) as [{ n: string }[], unknown];
  if (Number(existing!.n) > 0) {
    console.error(`this database already holds a seeded programme for ${issuer} (${existing!.n} courses)`);
    process.exit(1);
  }
  const size = scale === 1 ? SCALE_PROGRAMME : scaledProgramme(SCALE_PROGRAMME, scale);
  console.log(
    `seeding ${size.teachers} teachers, ${size.coaches} coaches, ${size.rounds} rounds, ${size.checkIns} check-ins…`,
  );
  const seed = await seedProgramme(sequelize, { tenant, issuer, clientId, now: new Date() }, size);
  console.log(
    `done in ${round(seed.insertS + seed.vacuumS)} s: ${seed.courses} courses, ${seed.teachers} teachers, ${seed.rounds} rounds (${seed.reviewed} reviewed), ${seed.checkIns} check-ins, ${seed.conversations} conversations, ${seed.steps} steps`,
  );
} finally {
  await sequelize.close();
}
