import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ModuleIdSchema } from '../../../../shared/domain/coaching/module.ts';
import { idFromTitle } from '../../../../lti-tool/web/pages/provider/module-draft.ts';

describe('a module id made from its title', () => {
  it('is a valid module id for ordinary, accented and punctuated titles', () => {
    expect(idFromTitle('Cold call: routines')).toBe('cold-call-routines');
    expect(idFromTitle('Élan — café & crèche')).toBe('elan-cafe-creche');
    expect(idFromTitle('  Year 7 / Set 2  ')).toBe('year-7-set-2');
    for (const title of [
      'Cold call: routines',
      'Élan — café & crèche',
      'x'.repeat(80),
      'A long title '.repeat(9),
    ]) {
      expect(v.is(ModuleIdSchema, idFromTitle(title)), title).toBe(true);
    }
  });

  it('is empty when the title has too little to make one, so the author is asked for an id', () => {
    expect(idFromTitle('')).toBe('');
    expect(idFromTitle('!!')).toBe('');
    expect(idFromTitle('日本語')).toBe('');
  });
});
