export { type MqttBroker, startAedesBroker } from './aedes-broker.ts';
export { MosquittoMissingError, mosquittoAvailable, startMosquitto } from './mosquitto-broker.ts';
