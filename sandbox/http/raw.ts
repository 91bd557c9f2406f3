/** A handler's answer that is not JSON: bytes with their content type (an attachment's content). */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}
