import {
  DataTypeNode,
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

class VarcharAsText extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    return /^varchar\(\d+\)$/.test(node.dataType) ? DataTypeNode.create('text') : node;
  }
}

/**
 * Makes the migrations' `varchar(n)` columns `text` in PostgreSQL. SQLite never enforced those
 * lengths (the request schemas do), so PostgreSQL enforcing them would refuse values SQLite keeps:
 * a write that works on one store and fails on the other, and SQLite rows that cannot be moved.
 */
export class UnboundedTextPlugin implements KyselyPlugin {
  readonly #transformer = new VarcharAsText();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
