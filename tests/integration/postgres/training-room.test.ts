/**
 * A class submitting at once on PostgreSQL: the same burst as the SQLite test
 * (tests/integration/lti-tool/training-room.test.ts), against a tool process on a real cluster.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startRoomServer, type RoomServer } from '../../harness/room-server.ts';
import { expectTheRoomHolds } from '../../harness/training-room-checks.ts';
import { seatTrainingRoom, type TrainingRoom } from '../../harness/training-room.ts';

const SIZE = { trainees: 20, withRecordings: 5, coaches: 10, pairings: 20 };

let pg: TestPostgres;
let server: RoomServer;
let room: TrainingRoom;

beforeAll(async () => {
  pg = await startPostgres();
  server = await startRoomServer({ DATABASE_URL: await pg.createDatabase('training_room') });
  room = await seatTrainingRoom(server.tool.url, server.school, SIZE);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('a training room on PostgreSQL', () => {
  it('every round, step, check-in, pairing and read made in the same instant succeeds, and nothing is lost', async () => {
    await expectTheRoomHolds(server.tool.url, room, SIZE);
  });
});
