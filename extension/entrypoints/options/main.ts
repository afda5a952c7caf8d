import { mount } from 'svelte';
import { catchErrors } from '../../errors.ts';
import '../../ui/page.css';
import App from './App.svelte';

catchErrors('options');
const target = document.getElementById('app');
if (target) mount(App, { target });
