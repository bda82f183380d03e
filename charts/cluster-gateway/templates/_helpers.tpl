{{/* The name of every namespaced object of the chart (63 characters at most: a DNS label). */}}
{{- define "cluster-gateway.fullname" -}}
{{- default "cluster-gateway" .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "cluster-gateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cluster-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cluster-gateway
{{- end -}}

{{/* The pod selector (immutable once installed: never add to it). */}}
{{- define "cluster-gateway.selectorLabels" -}}
app.kubernetes.io/name: cluster-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The gateway image: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "cluster-gateway.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The Secret holding the serving certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "cluster-gateway.servingSecret" -}}
{{- printf "%s-tls" (include "cluster-gateway.fullname" .) -}}
{{- end -}}

{{/* The Service's DNS names: the serving certificate's SANs and the name the aggregator verifies. */}}
{{- define "cluster-gateway.serviceNames" -}}
{{- $svc := include "cluster-gateway.fullname" . -}}
{{- list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) | toJson -}}
{{- end -}}

{{/* The ConfigMap holding the ClusterGatewayProxyConfiguration (--cluster-gateway-proxy-config). */}}
{{- define "cluster-gateway.proxyConfigName" -}}
{{- printf "%s-proxy-config" (include "cluster-gateway.fullname" .) -}}
{{- end -}}

{{/* Where the pod mounts what the chart hands the gateway as files. */}}
{{- define "cluster-gateway.servingCertDir" -}}/var/run/cluster-gateway/serving-cert{{- end -}}
{{- define "cluster-gateway.proxyCaDir" -}}/var/run/cluster-gateway/proxy-ca{{- end -}}
{{- define "cluster-gateway.proxyClientDir" -}}/var/run/cluster-gateway/proxy-client{{- end -}}
{{- define "cluster-gateway.proxyConfigDir" -}}/etc/cluster-gateway/proxy-config{{- end -}}

{{/*
One gateway flag as a container argument, or nothing when the value is unset: null or "" (the gateway's default
applies) or an empty list. Lists are joined with commas, numbers printed as integers, booleans as true/false.
Call with (dict "name" "flag-name" "value" .Values.x).
*/}}
{{- define "cluster-gateway.flag" -}}
{{- $v := .value -}}
{{- if kindIs "invalid" $v -}}
{{- else if kindIs "slice" $v -}}
{{- if $v }}
- {{ printf "--%s=%s" .name (join "," $v) | quote }}
{{- end }}
{{- else if kindIs "map" $v -}}
{{- fail (printf "the value of --%s must be a scalar or a list, not a map" .name) -}}
{{- else if and (kindIs "string" $v) (eq $v "") -}}
{{- else if or (kindIs "float64" $v) (kindIs "int" $v) (kindIs "int64" $v) }}
- {{ printf "--%s=%d" .name (int64 $v) | quote }}
{{- else }}
- {{ printf "--%s=%v" .name $v | quote }}
{{- end -}}
{{- end -}}

{{/* --feature-gates from the featureGates map, sorted by gate name. */}}
{{- define "cluster-gateway.featureGates" -}}
{{- $pairs := list -}}
{{- range $gate, $on := .Values.featureGates -}}
{{- if not (kindIs "bool" $on) -}}
{{- fail (printf "featureGates.%s must be true or false" $gate) -}}
{{- end -}}
{{- $pairs = append $pairs (printf "%s=%t" $gate $on) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/* Every gateway argument the values select, in the gateway's --help order. */}}
{{- define "cluster-gateway.args" -}}
{{- $v := .Values -}}
{{- include "cluster-gateway.flag" (dict "name" "secret-namespace" "value" $v.secretNamespace) }}
{{- include "cluster-gateway.flag" (dict "name" "kubeconfig" "value" $v.kubeconfig) }}
{{- include "cluster-gateway.flag" (dict "name" "ocm-integration" "value" $v.ocmIntegration.enabled) }}
{{- include "cluster-gateway.flag" (dict "name" "feature-gates" "value" (include "cluster-gateway.featureGates" .)) }}
{{- include "cluster-gateway.flag" (dict "name" "secure-port" "value" $v.securePort) }}
{{- include "cluster-gateway.flag" (dict "name" "bind-address" "value" $v.bindAddress) }}
{{- include "cluster-gateway.flag" (dict "name" "tls-cert-file" "value" (printf "%s/tls.crt" (include "cluster-gateway.servingCertDir" .))) }}
{{- include "cluster-gateway.flag" (dict "name" "tls-private-key-file" "value" (printf "%s/tls.key" (include "cluster-gateway.servingCertDir" .))) }}
{{- with $v.authentication }}
{{- include "cluster-gateway.flag" (dict "name" "authentication-kubeconfig" "value" .kubeconfig) }}
{{- include "cluster-gateway.flag" (dict "name" "authentication-skip-lookup" "value" .skipLookup) }}
{{- include "cluster-gateway.flag" (dict "name" "authentication-token-webhook-cache-ttl" "value" .tokenWebhookCacheTtl) }}
{{- include "cluster-gateway.flag" (dict "name" "authentication-tolerate-lookup-failure" "value" .tolerateLookupFailure) }}
{{- include "cluster-gateway.flag" (dict "name" "client-ca-file" "value" .clientCaFile) }}
{{- with .requestheader }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-client-ca-file" "value" .clientCaFile) }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-allowed-names" "value" .allowedNames) }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-username-headers" "value" .usernameHeaders) }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-uid-headers" "value" .uidHeaders) }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-group-headers" "value" .groupHeaders) }}
{{- include "cluster-gateway.flag" (dict "name" "requestheader-extra-headers-prefix" "value" .extraHeadersPrefix) }}
{{- end }}
{{- end }}
{{- with $v.authorization }}
{{- include "cluster-gateway.flag" (dict "name" "authorization-kubeconfig" "value" .kubeconfig) }}
{{- include "cluster-gateway.flag" (dict "name" "authorization-webhook-cache-authorized-ttl" "value" .webhookCacheAuthorizedTtl) }}
{{- include "cluster-gateway.flag" (dict "name" "authorization-webhook-cache-unauthorized-ttl" "value" .webhookCacheUnauthorizedTtl) }}
{{- include "cluster-gateway.flag" (dict "name" "authorization-always-allow-paths" "value" .alwaysAllowPaths) }}
{{- include "cluster-gateway.flag" (dict "name" "authorization-always-allow-groups" "value" .alwaysAllowGroups) }}
{{- end }}
{{- with $v.proxy }}
{{- include "cluster-gateway.flag" (dict "name" "authorize-proxy-subpath" "value" .authorizeSubpath) }}
{{- if .configuration }}
{{- include "cluster-gateway.flag" (dict "name" "cluster-gateway-proxy-config" "value" (printf "%s/config.yaml" (include "cluster-gateway.proxyConfigDir" $))) }}
{{- end }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-impersonate-extras" "value" .impersonateExtras) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-max-requests-in-flight-per-cluster" "value" .maxRequestsInFlightPerCluster) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-qps-per-cluster" "value" .qpsPerCluster) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-burst-per-cluster" "value" .burstPerCluster) }}
{{- include "cluster-gateway.flag" (dict "name" "fast-fail-unhealthy-clusters" "value" .fastFailUnhealthyClusters) }}
{{- include "cluster-gateway.flag" (dict "name" "upstream-connect-timeout" "value" .upstreamConnectTimeout) }}
{{- include "cluster-gateway.flag" (dict "name" "exec-credential-timeout" "value" .execCredentialTimeout) }}
{{- include "cluster-gateway.flag" (dict "name" "fanout-cluster-timeout" "value" .fanoutClusterTimeout) }}
{{- end }}
{{- if $v.ocmIntegration.enabled }}
{{- include "cluster-gateway.flag" (dict "name" "ocm-filter-dangling-clusters" "value" $v.ocmIntegration.filterDanglingClusters) }}
{{- include "cluster-gateway.flag" (dict "name" "health-probe-freshness" "value" $v.ocmIntegration.healthProbeFreshness) }}
{{- end }}
{{- if $v.clusterProxy.enabled }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-host" "value" $v.clusterProxy.host) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-port" "value" $v.clusterProxy.port) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-ca-cert" "value" (printf "%s/%s" (include "cluster-gateway.proxyCaDir" .) $v.clusterProxy.caSecret.key)) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-cert" "value" (printf "%s/tls.crt" (include "cluster-gateway.proxyClientDir" .))) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-key" "value" (printf "%s/tls.key" (include "cluster-gateway.proxyClientDir" .))) }}
{{- include "cluster-gateway.flag" (dict "name" "proxy-frontend" "value" $v.clusterProxy.frontend) }}
{{- end }}
{{- with $v.shutdown }}
{{- include "cluster-gateway.flag" (dict "name" "shutdown-grace-period" "value" .gracePeriod) }}
{{- include "cluster-gateway.flag" (dict "name" "shutdown-delay-duration" "value" .delayDuration) }}
{{- end }}
{{- include "cluster-gateway.flag" (dict "name" "log-format" "value" $v.logFormat) }}
{{- include "cluster-gateway.flag" (dict "name" "access-log" "value" $v.accessLog) }}
{{- include "cluster-gateway.flag" (dict "name" "v" "value" $v.verbosity) }}
{{- range $v.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The name of the chart's cluster-scoped objects: <release namespace>:<fullname>, unique per release. */}}
{{- define "cluster-gateway.clusterName" -}}
{{- printf "%s:%s" .Release.Namespace (include "cluster-gateway.fullname" .) -}}
{{- end -}}
