export { default as CourseName } from './course-name.svelte';
