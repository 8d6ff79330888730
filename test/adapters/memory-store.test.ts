import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { notifyStoreContract } from '../support/notify-store-contract';
import { storeContract } from '../support/store-contract';

storeContract('memory store', async () => createMemoryStore());
notifyStoreContract('memory store', async () => createMemoryStore());
