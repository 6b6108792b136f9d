import { createExpressApp } from '../../examples/express/app.js';
import { describeHttpExample } from './http-example-contract.js';

describeHttpExample('Express', (sales, options) => createExpressApp(sales, options));
