import { v7 as uuidv7 } from 'uuid';

/** New record ids are UUIDv7: unique without a round trip, and time-ordered so indexes stay compact. */
export const newId = (): string => uuidv7();
