import { catchErrors } from '../../errors.ts';
import { mountPage } from '../../mount-page.ts';
import { teacherStrings } from '../../strings.ts';
import TeacherPage from './teacher-page.svelte';

catchErrors('teacher page');
mountPage('teacher', TeacherPage, teacherStrings.documentTitle);
