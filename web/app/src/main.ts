// The workbench page: the report element (served beside the bundle) and <fl-workbench>.
import '/web/frictionlens-report.js';
import './workbench.ts';
