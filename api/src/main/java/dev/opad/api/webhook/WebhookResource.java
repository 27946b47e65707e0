package dev.opad.api.webhook;

import dev.opad.api.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * Signed webhooks (Standard Webhooks): the caller's endpoints, their secrets, their delivery logs, and the callback
 * secret that signs generate's one-off {@code callback_url}. A session or an API token may manage them: a script
 * registers its own. Location headers are relative, as in {@code ArticleResource}.
 */
@Path("/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentUser currentUser;

    public WebhookResource(WebhookService webhooks, CurrentUser currentUser) {
        this.webhooks = webhooks;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = WebhookView.class, responseCode = "201",
            responseDescription = "Registered; the answer holds its secret, shown only now. Location names it")
    @APIResponse(responseCode = "409", description = "The account has as many endpoints as it may have")
    public Response create(@Valid @NotNull(message = "must be a JSON object") CreateWebhookRequest body) {
        WebhookView endpoint = webhooks.create(currentUser.id(), body);
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/webhooks/" + endpoint.id())
                .entity(endpoint).build();
    }

    @GET
    public WebhookList list() {
        return webhooks.list(currentUser.id());
    }

    @GET
    @Path("/{id}")
    public WebhookView get(@PathParam("id") UUID id) {
        return webhooks.get(currentUser.id(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookView change(@PathParam("id") UUID id,
                              @Valid @NotNull(message = "must be a JSON object") ChangeWebhookRequest body) {
        return webhooks.change(currentUser.id(), id, body);
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted, with its deliveries")
    public Response delete(@PathParam("id") UUID id) {
        webhooks.delete(currentUser.id(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate-secret")
    @APIResponse(responseCode = "200", description = "A new secret, shown only now; the previous one signs too until"
            + " previous_secret_expires_at", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookView.class)))
    public WebhookView rotateSecret(@PathParam("id") UUID id) {
        return webhooks.rotateSecret(currentUser.id(), id);
    }

    @POST
    @Path("/{id}/test")
    @APIResponseSchema(value = DeliveryView.class, responseCode = "202",
            responseDescription = "A webhook.test delivery is queued; follow it in the delivery log")
    public Response test(@PathParam("id") UUID id) {
        return Response.accepted(webhooks.test(currentUser.id(), id)).build();
    }

    @GET
    @Path("/{id}/deliveries")
    public DeliveryPage deliveries(@PathParam("id") UUID id, @BeanParam DeliveryQuery query) {
        return webhooks.deliveries(currentUser.id(), id, query);
    }

    /** "Send again": the same webhook-id and payload, due now, with the whole back-off and 24 h window again. */
    @POST
    @Path("/{id}/deliveries/{deliveryId}/resend")
    @APIResponseSchema(value = DeliveryView.class, responseCode = "202",
            responseDescription = "Pending again, due now, with the same webhook-id and payload, in a fresh delivery window")
    @APIResponse(responseCode = "409", description = "The delivery is still pending, or the endpoint is disabled")
    public Response resend(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return Response.accepted(webhooks.resend(currentUser.id(), id, deliveryId)).build();
    }

    /** Whether the account has a callback secret, and since when; never the secret. */
    @GET
    @Path("/callback-secret")
    public CallbackSecretView callbackSecret() {
        return webhooks.callbackSecret(currentUser.id());
    }

    @POST
    @Path("/callback-secret")
    @APIResponseSchema(value = CallbackSecretView.class, responseCode = "201",
            responseDescription = "The account's first callback secret, shown only now")
    @APIResponse(responseCode = "200", description = "A new callback secret, shown only now; the previous one signs"
            + " too until previous_secret_expires_at", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CallbackSecretView.class)))
    public Response issueCallbackSecret() {
        WebhookService.IssuedSecret issued = webhooks.issueCallbackSecret(currentUser.id());
        return Response.status(issued.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(issued.secret()).build();
    }
}
