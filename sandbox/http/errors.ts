/** An error the sandbox answers the way the service does: status, message, and ADO's exception shape. */
export class AdoError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly typeKey: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      $id: "1",
      innerException: null,
      message: this.message,
      typeName: `Microsoft.VisualStudio.Services.WebApi.${this.typeKey}, Microsoft.VisualStudio.Services.WebApi`,
      typeKey: this.typeKey,
      errorCode: 0,
      eventId: 3000,
    };
  }
}

export const badRequest = (message: string, typeKey = "ArgumentException") => new AdoError(400, message, typeKey);
export const notFound = (message: string, typeKey = "NotFoundException") => new AdoError(404, message, typeKey);
export const conflict = (message: string, typeKey: string) => new AdoError(409, message, typeKey);
