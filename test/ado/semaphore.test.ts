import { createSemaphore } from "../../src/ado/semaphore";

describe("semaphore", () => {
  it("holds at most its limit and serves urgent waiters first, each group in order", async () => {
    const slots = createSemaphore(1);
    const order: string[] = [];
    await slots.acquire();
    const waiters = [
      slots.acquire().then(() => order.push("a")),
      slots.acquire().then(() => order.push("b")),
      slots.acquire(true).then(() => order.push("urgent-1")),
      slots.acquire(true).then(() => order.push("urgent-2")),
    ];
    expect(slots.waiting).toBe(4);
    for (let i = 0; i < 4; i++) {
      slots.release();
      await Promise.resolve();
      await Promise.resolve();
      expect(slots.active).toBe(1);
    }
    await Promise.all(waiters);
    expect(order).toEqual(["urgent-1", "urgent-2", "a", "b"]);
    slots.release();
    expect(slots.active).toBe(0);
  });

  it("refuses a limit that is not a positive whole number", () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
    expect(() => createSemaphore(1.5)).toThrow(RangeError);
  });
});
