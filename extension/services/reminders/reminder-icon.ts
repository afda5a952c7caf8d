/** A 48 px teal dot: notifications need an icon, and a data URL needs no packaged file. */
export const REMINDER_ICON_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAYAAABXAvmHAAAAnklEQVR42u3aOw6AMAwE0fSclIb7d1BSIEQgH3uXiUQ/ryN2SuGcZ9nWveaTjE6HaQ0Pg/QOnwYZHT4UMju+KyIqvgsiOr4JkSX+EyJb/GuENCBrfDVCGpA9/hEhDVCJv0UAiASoxV8QAAAAAAAAgDSAfyEAP7sT+F4pmUowG2IyZzLctRivWyw4LFZMFks+izWrzaLb5qmBzWOP6HMA+EM3NRkDMc0AAAAASUVORK5CYII=';
