import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedChannelRegistry } from '../../../functions/adapters/dynamodb-hotel-registry-seeder';
import { registryEntriesOf } from '../../../functions/domain/hotels';
import { loadConfig } from '../../runtime/config';
import { loadHotels } from '../../runtime/runtime';

/**
 * `hotel-inbox hotels list` shows the configured hotels and their channel accounts;
 * `hotel-inbox hotels sync --table NAME` writes the channel registry into a deployed table
 * with the AWS credentials of the shell (after `cdk deploy`, and whenever HOTELS_FILE changes).
 */
export async function hotelsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { table: { type: 'string' }, file: { type: 'string' } },
  });
  const hotels = loadHotels(values.file ?? loadConfig().hotelsFile);
  switch (positionals[0]) {
    case 'list':
      for (const hotel of hotels) {
        process.stdout.write(`${hotel.hotelCode}  ${hotel.tenantId}  ${hotel.name}  (${hotel.timeZone})\n`);
        for (const e of registryEntriesOf(hotel))
          process.stdout.write(`    ${e.channel.padEnd(9)} ${e.accountId}\n`);
      }
      return 0;
    case 'sync': {
      const table = values.table ?? process.env.TABLE_NAME;
      if (!table) throw new Error('hotels sync needs --table (the TableName output of the stack)');
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
      const written = await seedChannelRegistry(client, table, hotels);
      process.stdout.write(
        `Wrote ${written} channel registry entries for ${hotels.length} hotels to ${table}\n`,
      );
      return 0;
    }
    default:
      throw new Error('usage: hotel-inbox hotels list | hotels sync --table NAME [--file hotels.json]');
  }
}
