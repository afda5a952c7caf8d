import { mountPage } from '../../mount-page.ts';
import { practiceStrings } from '../../strings.ts';
import PracticePage from './practice-page.svelte';

mountPage('practice', PracticePage, practiceStrings.documentTitle);
