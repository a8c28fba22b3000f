/** Where the sender calls the Graph API in AWS (locally and in tests: the fake, on loopback). */
export const GRAPH_API_DEFAULTS = {
  baseUrl: 'https://graph.facebook.com',
  instagramBaseUrl: 'https://graph.instagram.com',
  /** Unless context `graphApiVersion` (AWS) or GRAPH_API_VERSION (local) names another. */
  version: 'v23.0',
} as const;

/** Environment variable names shared by the stack (which sets them) and the functions (which read them). */
export const Env = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  rawArchiveBucket: 'RAW_ARCHIVE_BUCKET',
  rawArchiveDir: 'RAW_ARCHIVE_DIR',
  /**
   * Days the raw archive keeps a body of a hotel without its own (the stack's default): the ingest
   * functions tag each body with its retention, the intake's archive index lasts a little longer.
   */
  rawArchiveRetentionDays: 'RAW_ARCHIVE_RETENTION_DAYS',
  /** The hotels' own raw archive days, JSON of tenant id to days (`rawArchiveRetentionByHotelJson`). */
  rawArchiveRetentionByHotel: 'RAW_ARCHIVE_RETENTION_BY_HOTEL',
  metaAppSecret: 'META_APP_SECRET',
  metaAppSecretArn: 'META_APP_SECRET_ARN',
  metaVerifyToken: 'META_VERIFY_TOKEN',
  metaVerifyTokenArn: 'META_VERIFY_TOKEN_ARN',
  webchatTokenSecret: 'WEBCHAT_TOKEN_SECRET',
  webchatTokenSecretArn: 'WEBCHAT_TOKEN_SECRET_ARN',
  webchatRateLimitPerMinute: 'WEBCHAT_RATE_LIMIT_PER_MINUTE',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  eventBridgeEndpoint: 'EVENTBRIDGE_ENDPOINT',
  /** The hotels' configuration (codes, time zones, SLA policies) as JSON, set from HOTELS_FILE. */
  hotelsJson: 'HOTELS_JSON',
  /** Demo speed of SLA clocks: 60 makes one SLA minute last one real second. 1 in AWS. */
  slaClockSpeed: 'SLA_CLOCK_SPEED',
  /** Where the Graph API is: `https://graph.facebook.com` in AWS, the fake on loopback in tests. */
  graphApiBaseUrl: 'GRAPH_API_BASE_URL',
  /** The Instagram API base (`https://graph.instagram.com`); the same fake in tests. */
  instagramApiBaseUrl: 'INSTAGRAM_API_BASE_URL',
  graphApiVersion: 'GRAPH_API_VERSION',
  /** WhatsApp Cloud API system-user access token (local), or the secret holding it (AWS). */
  whatsappAccessToken: 'WHATSAPP_ACCESS_TOKEN',
  whatsappAccessTokenArn: 'WHATSAPP_ACCESS_TOKEN_ARN',
  /** Instagram API access token (local), or the secret holding it (AWS). */
  instagramAccessToken: 'INSTAGRAM_ACCESS_TOKEN',
  instagramAccessTokenArn: 'INSTAGRAM_ACCESS_TOKEN_ARN',
  /** Signs the PMS's check-out deliveries (`X-Hotel-Inbox-Signature-256`), or the secret holding it. */
  pmsWebhookSecret: 'PMS_WEBHOOK_SECRET',
  pmsWebhookSecretArn: 'PMS_WEBHOOK_SECRET_ARN',
  /** EventBridge Scheduler: where the one-time survey schedules go, and what they start. */
  schedulerEndpoint: 'SCHEDULER_ENDPOINT',
  surveyScheduleGroup: 'SURVEY_SCHEDULE_GROUP',
  surveyScheduleRoleArn: 'SURVEY_SCHEDULE_ROLE_ARN',
  surveyScheduleDeadLetterArn: 'SURVEY_SCHEDULE_DLQ_ARN',
  npsStateMachineArn: 'NPS_STATE_MACHINE_ARN',
  /** E-mail surveys: the verified SES sender; SMS: the SNS sender id. Locally both land in OUTBOX_DIR. */
  surveyEmailFrom: 'SURVEY_EMAIL_FROM',
  smsSenderId: 'SMS_SENDER_ID',
  outboxDir: 'OUTBOX_DIR',
  sesEndpoint: 'SES_ENDPOINT',
  /** The KPI lake: its S3 bucket (AWS) or folder (local), and the guest pseudonym salt (or its secret). */
  lakeBucket: 'LAKE_BUCKET',
  lakeDir: 'LAKE_DIR',
  lakeSalt: 'LAKE_SALT',
  lakeSaltArn: 'LAKE_SALT_ARN',
  /** How many days, from yesterday back, the daily export rewrites, so late changes reach the lake (default 14). */
  kpiRefreshDays: 'KPI_REFRESH_DAYS',
  snsEndpoint: 'SNS_ENDPOINT',
  /**
   * The KMS key that seals guest messages' special-category text (AWS), and the local runtime's key
   * file standing in for it; see functions/adapters/sensitive-cipher-from-env.ts.
   */
  sensitiveDataKeyArn: 'SENSITIVE_DATA_KEY_ARN',
  sensitiveDataKeyFile: 'SENSITIVE_DATA_KEY_FILE',
} as const;
