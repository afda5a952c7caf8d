import { expect } from 'vitest';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { api } from './api-client.ts';
import { everyoneAtOnce, failures, type RoomSize, type TrainingRoom } from './training-room.ts';

/**
 * The whole test for one database: the burst, every request a success, and every trainee's round
 * and every coach's step stored exactly once.
 */
export async function expectTheRoomHolds(toolUrl: string, room: TrainingRoom, size: RoomSize): Promise<void> {
  const outcomes = await everyoneAtOnce(toolUrl, room, size);
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes).toHaveLength(size.trainees + size.withRecordings + 3 * size.coaches + size.pairings);
  for (const trainee of room.trainees) {
    const practice = await api(toolUrl, PRACTICE_API.practice(trainee.linkKey), { token: trainee.session });
    expect(practice.body.rounds.map((round: { roundNumber: number }) => round.roundNumber)).toEqual([1]);
  }
  for (const [index, coach] of room.coaches.entries()) {
    const step = await api(toolUrl, API.myStep, { token: coach.teacherSession });
    expect(step.body.step.title).toBe(`Step ${index}`);
  }
}
