import { mountPage } from '../../mount-page.ts';
import { providerStrings } from '../../strings.ts';
import ProviderPage from './provider-page.svelte';

mountPage('provider', ProviderPage, providerStrings.documentTitle);
