import { mountPage } from '../../mount-page.ts';
import { teacherStrings } from '../../strings.ts';
import TeacherPage from './teacher-page.svelte';

mountPage('teacher', TeacherPage, teacherStrings.documentTitle);
