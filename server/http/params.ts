import type { Request } from 'express';
import { idParam } from './validate';

/** The numeric id in a route parameter; null (→ 404 by the caller) when it is not a valid id. */
export const routeId = (req: Request, name = 'id') => idParam(req.params[name]);
