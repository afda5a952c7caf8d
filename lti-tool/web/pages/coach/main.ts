import { mountPage } from '../../mount-page.ts';
import { reviewStrings } from '../../strings.ts';
import CoachPage from './coach-page.svelte';

mountPage('coach', CoachPage, reviewStrings.documentTitle);
