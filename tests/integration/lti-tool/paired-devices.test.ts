/** A teacher sees the browsers they paired and can disconnect any; a forgotten one stops working. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { launchInCourse, pairDevice } from '../../harness/courses.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
let offsetMs = 0;
let tool: TestServer;
let school: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer({ now: () => new Date(Date.now() + offsetMs) });
  school = await FakePlatform.start('moodle', 'devices');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
});

const pull = (token: string) => api(tool.url, `${API.syncPull}?since=0`, { token });
const listOf = async (teacher: string) => (await api(tool.url, API.devices, { token: teacher })).body;

describe('paired browsers on the teacher page', () => {
  it('lists a teacher’s own, without tokens, and disconnects one so its token stops working', async () => {
    const sam = await launchInCourse(tool.url, school, 'devices-course', 'learner-sam');
    const laptop = await pairDevice(tool.url, sam);
    const phone = await pairDevice(tool.url, sam);
    const listed = await listOf(sam);
    expect(listed.devices).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(laptop);
    expect(listed.devices[0]).toEqual({
      id: expect.any(String),
      label: 'Browser extension',
      pairedAt: expect.any(String),
      lastUsedAt: null,
    });

    const [newest] = listed.devices;
    expect(
      (await api(tool.url, `${API.devices}/${newest.id}`, { method: 'DELETE', token: sam })).status,
    ).toBe(204);
    expect((await pull(phone)).status).toBe(401);
    expect((await pull(laptop)).status).toBe(200);
    expect((await listOf(sam)).devices.map((device: { id: string }) => device.id)).not.toContain(newest.id);
  });

  it('lets nobody else see or disconnect them', async () => {
    const kim = await launchInCourse(tool.url, school, 'devices-course', 'learner-kim');
    const lee = await launchInCourse(tool.url, school, 'devices-course', 'learner-lee');
    const kimsLaptop = await pairDevice(tool.url, kim);
    const [device] = (await listOf(kim)).devices;
    expect((await listOf(lee)).devices).toEqual([]);
    expect(
      (await api(tool.url, `${API.devices}/${device.id}`, { method: 'DELETE', token: lee })).status,
    ).toBe(404);
    expect((await api(tool.url, `${API.devices}/not-an-id`, { method: 'DELETE', token: kim })).status).toBe(
      400,
    );
    expect((await pull(kimsLaptop)).status).toBe(200);
  });

  it('shows when each last synced, and stops one idle for 90 days', async () => {
    const ana = await launchInCourse(tool.url, school, 'devices-course', 'learner-ana');
    const used = await pairDevice(tool.url, ana);
    const forgotten = await pairDevice(tool.url, ana);
    offsetMs = 2 * 60 * 60 * 1000;
    expect((await pull(used)).status).toBe(200);
    const devices = (await listOf(await launchInCourse(tool.url, school, 'devices-course', 'learner-ana')))
      .devices;
    expect(
      devices.filter((device: { lastUsedAt: string | null }) => device.lastUsedAt !== null),
    ).toHaveLength(1);

    offsetMs = 91 * DAY_MS;
    expect((await pull(forgotten)).status).toBe(401);
    expect((await pull(used)).status).toBe(401);
    const later = await launchInCourse(tool.url, school, 'devices-course', 'learner-ana');
    expect((await listOf(later)).devices).toEqual([]);
    offsetMs = 0;
  });
});
