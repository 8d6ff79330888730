import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { storeContract } from '../support/store-contract';

storeContract('memory store', async () => createMemoryStore());
