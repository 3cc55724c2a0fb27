import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI document generated from the route schemas, at /docs (UI) and /docs/json. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Checkout BFF',
          version: '0.1.0',
          description: 'WeChat checkout, notices and message push',
        },
        components: {
          securitySchemes: {
            shopper: { type: 'http', scheme: 'bearer', description: 'Session token from POST /auth/login' },
            admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'swagger' },
);
