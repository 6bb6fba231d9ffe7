// The constants the app's build defines (vite.config.ts), as globals for node tests of page modules,
// which the build's define does not reach: the lab form's fields (app/lab/lab-config.ts). Import it
// before the page module.
import { labFormSpec } from '../../app/lab/lab-form-rules.ts';

Object.assign(globalThis, { __LAB_FORM_SPEC__: labFormSpec() });
