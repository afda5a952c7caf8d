import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { describeProgrammeSnapshots } from '../../harness/programme-snapshots-suite.ts';

describeProgrammeSnapshots(() =>
  openSequelize({ dataDir: mkdtempSync(path.join(tmpdir(), 'snapshots-')), databaseUrl: null }),
);
