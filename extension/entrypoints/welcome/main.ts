import { mount } from 'svelte';
import { catchErrors } from '../../errors.ts';
import '../../ui/page.css';
import App from './App.svelte';

// The first-run page: opened once, on install (services/first-run.ts).
catchErrors('welcome');
const target = document.getElementById('app');
if (target) mount(App, { target });
