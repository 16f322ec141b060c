/** The MQTT connector's runtime pieces (the connector module and its registry come later). */
export {
  MQTT_METADATA,
  type MqttOptions,
  type MqttQos,
  mqttOptionFields,
  mqttOptions,
  validFilter,
} from './mqtt-options.ts';
export {
  MqttPublisher,
  type MqttSinkRow,
  mqttClientId,
  mqttClientOptions,
  ROW_ID_PROPERTY,
} from './mqtt-publisher.ts';
