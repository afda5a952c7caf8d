import { mountPage } from '../../mount-page.ts';
import { coachStrings } from '../../strings.ts';
import CoachPage from './coach-page.svelte';

mountPage('coach', CoachPage, coachStrings.documentTitle);
