import { catchErrors } from '../../errors.ts';
import { mountPage } from '../../mount-page.ts';
import { providerStrings } from '../../strings.ts';
import ProviderPage from './provider-page.svelte';

catchErrors('provider page');
mountPage('provider', ProviderPage, providerStrings.documentTitle);
