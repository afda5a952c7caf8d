import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Express 4 does not pass rejected promises to the error middleware; this does. */
export function asyncRoute<Req extends Request = Request>(
  handler: (req: Req, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => {
    handler(req as Req, res, next).catch(next);
  };
}
