/**
 * A class submitting at once on the embedded database: real parallel HTTP requests against a
 * tool running in its own process on SQLite (PostgreSQL: tests/integration/postgres/training-room.test.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startRoomServer, type RoomServer } from '../../harness/room-server.ts';
import { expectTheRoomHolds } from '../../harness/training-room-checks.ts';
import { seatTrainingRoom, type TrainingRoom } from '../../harness/training-room.ts';

const SIZE = { trainees: 20, withRecordings: 5, coaches: 10, pairings: 20 };

let server: RoomServer;
let room: TrainingRoom;

beforeAll(async () => {
  server = await startRoomServer();
  room = await seatTrainingRoom(server.tool.url, server.school, SIZE);
});
afterAll(async () => {
  await server?.close();
});

describe('a training room on SQLite', () => {
  it('every round, step, check-in, pairing and read made in the same instant succeeds, and nothing is lost', async () => {
    await expectTheRoomHolds(server.tool.url, room, SIZE);
  });
});
