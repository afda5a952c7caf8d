import { catchErrors } from '../../errors.ts';
import { mountPage } from '../../mount-page.ts';
import { practiceStrings } from '../../strings.ts';
import PracticePage from './practice-page.svelte';

catchErrors('practice page');
mountPage('practice', PracticePage, practiceStrings.documentTitle);
