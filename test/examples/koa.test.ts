import { createKoaApp } from '../../examples/koa/app.js';
import { describeHttpExample } from './http-example-contract.js';

describeHttpExample('Koa', (sales, options) => createKoaApp(sales, options).callback());
