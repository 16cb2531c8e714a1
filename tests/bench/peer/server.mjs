// Neo4j's own GraphQL library, serving pactmap's labels and relationships as they are stored
// (graph/neo4j: every map node is :Node:<Kind>, its fields as properties). Read-only type
// definitions for what bench_peer.py asks; run: node server.mjs PORT BOLT_URI USER PASSWORD
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const [port, uri, user, password] = process.argv.slice(2);

const typeDefs = /* GraphQL */ `
  type Actor @node(labels: ["Actor"]) {
    id: ID!
    territory_id: String!
    name: String!
    sector: String!
    _search: String
    _sort: String
    topics: [Topic!]! @relationship(type: "WORKS_ON", direction: OUT)
    collaborators: [Actor!]!
      @relationship(type: "COLLABORATES_WITH", direction: OUT, queryDirection: UNDIRECTED)
  }
  type Topic @node(labels: ["Topic"]) {
    id: ID!
    territory_id: String!
    name: String!
  }
  extend schema @query(read: true, aggregate: false) @mutation(operations: [])
    @subscription(events: [])
`;

const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({ schema, graphqlEndpoint: "/graphql", logging: false, maskedErrors: false });
createServer(yoga).listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`ready ${port}\n`);
});
