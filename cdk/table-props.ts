// Turns the table definition the local stack creates (lib/adapters/dynamodb/table-definition.ts)
// into TableV2 keys and indexes, so local and AWS tables cannot drift. Anything the definition
// holds that this mapping does not understand fails the synth instead of being dropped.
import type { CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import {
  type Attribute,
  AttributeType,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
} from 'aws-cdk-lib/aws-dynamodb';

export interface TableKeys {
  partitionKey: Attribute;
  sortKey?: Attribute;
  globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[];
}

const attributeTypes: Record<string, AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

export function tableKeysFrom(definition: CreateTableCommandInput): TableKeys {
  if (definition.LocalSecondaryIndexes?.length) {
    throw new Error('table definition: local secondary indexes are not mapped to TableV2 yet');
  }
  if (definition.BillingMode && definition.BillingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`table definition: billing mode ${definition.BillingMode}; the stack deploys on-demand`);
  }
  const types = new Map(
    (definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
  );
  const attribute = (name: string | undefined): Attribute => {
    const type = attributeTypes[types.get(name) ?? ''];
    if (!name || !type) throw new Error(`table definition: attribute ${name} has no (known) type`);
    return { name, type };
  };
  const keys = (schema: KeySchemaElement[] | undefined, owner: string) => {
    const hash = schema?.find((k) => k.KeyType === 'HASH');
    const range = schema?.find((k) => k.KeyType === 'RANGE');
    if (!hash) throw new Error(`table definition: ${owner} has no HASH key`);
    return {
      partitionKey: attribute(hash.AttributeName),
      ...(range ? { sortKey: attribute(range.AttributeName) } : {}),
    };
  };
  return {
    ...keys(definition.KeySchema, 'the table'),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((gsi) => {
      if (!gsi.IndexName) throw new Error('table definition: an index has no name');
      return {
        indexName: gsi.IndexName,
        ...keys(gsi.KeySchema, gsi.IndexName),
        ...projection(gsi.Projection),
      };
    }),
  };
}

function projection(
  p: Projection | undefined,
): Pick<GlobalSecondaryIndexPropsV2, 'projectionType' | 'nonKeyAttributes'> {
  switch (p?.ProjectionType ?? 'ALL') {
    case 'ALL':
      return { projectionType: ProjectionType.ALL };
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: p?.NonKeyAttributes ?? [] };
    default:
      throw new Error(`table definition: projection ${p?.ProjectionType} is not known`);
  }
}
