import { PrismaPg } from "@prisma/adapter-pg";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { PrismaClient } from "../fixture/generated/client.js";

/** A generated PrismaClient on its own empty schema, with the fixture's `orders` table created. */
export interface PrismaFixture {
  prisma: PrismaClient;
  schema: IsolatedSchema;
  /** A URL whose sessions default to the fixture's schema (for a side `pg.Pool`). */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the client the way an application would (`PrismaPg` adapter). Raw SQL finds the
 * tables through the search_path in the URL; model queries through the adapter's `schema`.
 */
export async function createPrismaFixture(): Promise<PrismaFixture> {
  const schema = await createIsolatedSchema("prisma");
  const url = urlWithSearchPath(schema.url, schema.name);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { schema: schema.name }) });
  // No schema engine on this machine (see TOOLING-NOTES): the fixture's table is made with SQL.
  await prisma.$executeRawUnsafe("CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL)");
  return {
    prisma,
    schema,
    url,
    async close() {
      await prisma.$disconnect();
      await schema.drop();
    },
  };
}
