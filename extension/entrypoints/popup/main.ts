import { mount } from 'svelte';
import { catchErrors } from '../../errors.ts';
import '../../ui/page.css';
import App from './App.svelte';

catchErrors('popup');
const target = document.getElementById('app');
if (target) mount(App, { target });
