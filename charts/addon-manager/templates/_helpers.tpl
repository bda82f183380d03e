{{/* The name of every object of the chart (63 characters at most: a DNS label). */}}
{{- define "addon-manager.fullname" -}}
{{- default "cluster-gateway-addon-manager" .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "addon-manager.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: cluster-gateway-addon-manager
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cluster-gateway
{{- end -}}

{{/* The pod selector (immutable once installed: never add to it). */}}
{{- define "addon-manager.selectorLabels" -}}
app.kubernetes.io/name: cluster-gateway-addon-manager
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The addon-manager image: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "addon-manager.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The gateway image the ClusterGatewayConfiguration names, the tag defaulting to the chart's appVersion. */}}
{{- define "addon-manager.gatewayImage" -}}
{{- printf "%s:%s" .Values.clusterGateway.image.repository (default .Chart.AppVersion .Values.clusterGateway.image.tag) -}}
{{- end -}}
