import { catchErrors } from '../../errors.ts';
import { mountPage } from '../../mount-page.ts';
import { programmeStrings } from '../../strings.ts';
import ProgrammePage from './programme-page.svelte';

catchErrors('programme page');
mountPage('programme', ProgrammePage, programmeStrings.documentTitle);
