import { catchErrors } from '../../errors.ts';
import { mountPage } from '../../mount-page.ts';
import { reviewStrings } from '../../strings.ts';
import CoachPage from './coach-page.svelte';

catchErrors('coach page');
mountPage('coach', CoachPage, reviewStrings.documentTitle);
