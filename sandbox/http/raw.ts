/**
 * A handler's answer that is not JSON: bytes with their content type (an attachment's content), and a status other
 * than 200 when the answer is one (an empty content type sends none, as for a bare 404).
 */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Buffer,
    readonly status = 200,
  ) {}
}
