import type { CoachingService } from '../coaching-service.ts';
import { openCard } from './open-card.ts';
import { createReminderService, registerReminders } from './reminder-service.ts';

/** Background wiring for weekly reminders: the step comes from the coaching service's overview. */
export function startReminders(service: Promise<CoachingService>, options: { buttons: boolean }) {
  return registerReminders(
    createReminderService({
      async currentStep() {
        const response = await (await service).handle({ type: 'get-overview' });
        return response.ok ? response.overview.step : null;
      },
      openCard: () => openCard(),
      buttons: options.buttons,
    }),
  );
}
