import { afterEach, beforeEach } from 'vitest';

/**
 * A page around a lone component, so axe judges the component and not the missing page: a
 * language, a title and a main landmark to render into, fresh for each test. Call it in a describe.
 */
export function usePageShell(): () => HTMLElement {
  let target: HTMLElement | null = null;
  beforeEach(() => {
    document.documentElement.lang = 'en';
    document.title = 'Component';
    target = document.body.appendChild(document.createElement('main'));
  });
  afterEach(() => {
    target?.remove();
    target = null;
  });
  return () => {
    if (!target) throw new Error('usePageShell() is for tests inside its describe');
    return target;
  };
}
